/* global window */
// Where the relay page asks for a reader's link. Same origin by default (a custom domain serving
// both the hosting and the `/relay-api` HTTP access path, and `npm start`); scripts/deploy.ts
// uploads a copy naming `RELAY_API_URL` when the two live on different domains.
window.RELAY_API = '../relay-api';
