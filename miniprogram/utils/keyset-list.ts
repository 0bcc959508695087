import type { Page } from '../../typings/api';
import { failureMessage } from '../services/index';

/** The data a list page keeps for its keyset pages (内容库, 任务管理, 兑换管理, 积分记录, 我的权益). */
export interface KeysetListData<Row> {
  phase: string;
  errorText: string;
  rows: Row[];
  nextCursor: string | null;
  loadingMore: boolean;
  loadMoreFailed: boolean;
  _generation: number;
}

/** The page, as these helpers use it. */
export interface KeysetListPage<Row> {
  data: KeysetListData<Row>;
  setData(patch: Partial<KeysetListData<Row>>): void;
}

/**
 * Loads the first page into `rows`. `showLoading` clears the list first (a first load, a new
 * filter); without it the list stays while it refreshes (pull-down, back from an editor) and a
 * failure there is a toast. An error `isForbidden` recognises shows 无权限 (`phase: 'forbidden'`,
 * S1). A newer load supersedes this one: its late answer is dropped (`_generation`).
 */
export async function loadFirstListPage<Row>(
  page: KeysetListPage<Row>,
  fetch: () => Promise<Page<Row>>,
  showLoading: boolean,
  isForbidden: (error: unknown) => boolean = () => false,
): Promise<void> {
  const generation = page.data._generation + 1;
  page.setData({ _generation: generation, loadingMore: false, loadMoreFailed: false });
  if (showLoading) page.setData({ phase: 'loading', rows: [], nextCursor: null });
  try {
    const first = await fetch();
    if (generation !== page.data._generation) return;
    page.setData({
      rows: first.items,
      nextCursor: first.nextCursor,
      phase: first.items.length ? 'ready' : 'empty',
    });
  } catch (error) {
    if (generation !== page.data._generation) return;
    if (isForbidden(error)) page.setData({ phase: 'forbidden', rows: [] });
    else if (page.data.phase === 'ready')
      wx.showToast({ title: failureMessage(error), icon: 'none' });
    else page.setData({ phase: 'error', errorText: failureMessage(error) });
  }
}

/** Appends the next page (at the bottom); a failure shows 加载失败，点击重试 under the list. */
export async function loadNextListPage<Row>(
  page: KeysetListPage<Row>,
  fetch: (cursor: string) => Promise<Page<Row>>,
): Promise<void> {
  const { phase, nextCursor, loadingMore, _generation: generation } = page.data;
  if (phase !== 'ready' || !nextCursor || loadingMore) return;
  page.setData({ loadingMore: true, loadMoreFailed: false });
  try {
    const next = await fetch(nextCursor);
    if (generation !== page.data._generation) return;
    page.setData({
      rows: page.data.rows.concat(next.items),
      nextCursor: next.nextCursor,
      loadingMore: false,
    });
  } catch {
    if (generation !== page.data._generation) return;
    page.setData({ loadingMore: false, loadMoreFailed: true });
  }
}
