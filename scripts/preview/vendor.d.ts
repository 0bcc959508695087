/**
 * The few internals of miniprogram-simulate and j-component the preview adjusts (their
 * packages type only the public API). Each is the module object the runtime itself calls
 * through, so replacing a property here changes what simulate does.
 */
declare module 'miniprogram-simulate/src/utils' {
  const utils: {
    /** Rewrites rpx in a stylesheet before simulate injects it (upstream: 1rpx -> 1px). */
    transformRpx(css: string): string;
  };
  export default utils;
}

declare module 'miniprogram-simulate/src/wxss' {
  const wxss: {
    /** A .wxss file's text with its @imports inlined ('' when missing). */
    getContent(file: string): string;
    /** Prefixes every class with `<prefix>--`, as simulate does for a component's own styles. */
    compile(css: string, options: { prefix: string }): string;
  };
  export default wxss;
}

declare module 'j-component/src/tool/utils' {
  const utils: {
    /** Rewrites rpx in an inline `style` attribute (upstream: 1rpx -> 1px). */
    transformRpx(style: string, keepSpaces?: boolean): string;
  };
  export default utils;
}

declare module 'j-component/src/tool/selectorquery' {
  /** What `this.createSelectorQuery()` returns inside a simulated component. */
  class SelectorQuery {
    exec(callback?: (result: unknown[]) => void): void;
  }
  export default SelectorQuery;
}

declare module 'j-component/src/index' {
  /** The definition simulate hands to j-component for each component it loads. */
  interface ComponentDefinition {
    tagName?: string;
    path?: string;
    options?: { styleIsolation?: string; addGlobalClass?: boolean; virtualHost?: boolean };
  }
  const jComponent: {
    register(definition: ComponentDefinition): string;
  };
  export default jComponent;
}

declare module 'miniprogram-exparser' {
  /** The component framework under j-component; used to fire built-in components' events. */
  const exparser: {
    Event: {
      create(
        name: string,
        detail: unknown,
        options: { bubbles: boolean; composed: boolean },
      ): unknown;
      dispatchEvent(target: unknown, event: unknown): void;
    };
  };
  export default exparser;
}
