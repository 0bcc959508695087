import { config } from './config';
import { startSession, type AppState } from './services/index';

/**
 * The app's global state: the signed-in employee once `me.get` answered (read by the tab
 * bar and the admin page through services/me.ts).
 */
App<AppState>({
  globalData: { me: null },

  onLaunch() {
    // The local transport speaks plain HTTP; only production needs the cloud SDK.
    if (config.transport === 'cloud') wx.cloud.init({ env: config.cloudEnv, traceUser: true });
    // Login (services/session.ts); calls made before it finishes wait for it. Skipped on the
    // local transport, whose calls carry the configured demo OPENID.
    void startSession();
  },
});
