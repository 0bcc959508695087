/**
 * The state of a page's data, shown by the page-state component. Kept apart from the
 * component's script so pages can import it without running that script.
 */
export type PagePhase = 'loading' | 'ready' | 'empty' | 'error';
