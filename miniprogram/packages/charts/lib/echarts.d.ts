/**
 * Types of ./echarts.js, the tree-shaken echarts built by scripts/build-miniprogram.mjs
 * (generated, gitignored). It re-exports echarts/core with only the charts and components
 * that build registers, so option types come from echarts itself.
 */
export * from 'echarts/core';
