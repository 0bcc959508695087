import type { Page } from '../../../../typings/api';
import { loadFirstListPage as loadFirst, type KeysetListPage } from '../../../utils/keyset-list';
import { isRoleRefusal } from '../pages/contents/role';

export {
  loadNextListPage,
  type KeysetListData,
  type KeysetListPage,
} from '../../../utils/keyset-list';

/** The management tab's lists (../../../utils/keyset-list.ts): a role refusal shows 无权限. */
export function loadFirstListPage<Row>(
  page: KeysetListPage<Row>,
  fetch: () => Promise<Page<Row>>,
  showLoading: boolean,
): Promise<void> {
  return loadFirst(page, fetch, showLoading, isRoleRefusal);
}
