/**
 * How the mini-program reaches its backend. The services layer reads this at every call.
 *
 * - `cloud`: production. `wx.cloud.callFunction` against the CloudBase environment `cloudEnv`.
 * - `local`: development against the embedded local cloud (`npm start`), over plain HTTP.
 *   DevTools must have domain checking turned off for this (详情 -> 本地设置 ->
 *   「不校验合法域名、web-view（业务域名）、TLS 版本以及 HTTPS 证书」; project.config.json
 *   sets it with `urlCheck: false`), because 127.0.0.1 can never be a registered request
 *   domain. A real device cannot reach it: switch to `cloud` before previewing on a phone.
 */
export interface AppConfig {
  transport: 'cloud' | 'local';
  /** CloudBase environment id, used by the `cloud` transport. */
  cloudEnv: string;
  /** Base URL of the local cloud, used by the `local` transport. */
  localCloudUrl: string;
  /**
   * The OPENID the local cloud puts in the function's wxContext. It stands in for the
   * identity WeChat would attach in production; the default demo employee is an admin.
   */
  devOpenid: string;
}

export const config: AppConfig = {
  transport: 'local',
  cloudEnv: 'replace-with-cloudbase-env-id',
  localCloudUrl: 'http://127.0.0.1:3030',
  devOpenid: 'demo-openid-zhangwei',
};
