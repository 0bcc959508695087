/** WeCom API payloads this project reads, as WeCom names them (types only). */

/** `department/list`: one department. */
export interface WeComDepartmentPayload {
  id: number;
  name: string;
  parentid: number;
  order?: number;
  department_leader?: string[];
}

/** `user/list`: one member. `status` 1 active, 2 disabled, 4 not activated, 5 left. */
export interface WeComUserPayload {
  userid: string;
  name: string;
  department: number[];
  is_leader_in_dept?: number[];
  position?: string;
  mobile?: string;
  avatar?: string;
  thumb_avatar?: string;
  qr_code?: string;
  status?: number;
}

/** `miniprogram/jscode2session`. */
export interface WeComSession {
  corpid: string;
  userid: string;
  session_key: string;
}
