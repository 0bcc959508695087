/** One row of a section list: a page to open, or a feature that is not built yet. */
export interface Entry {
  key: string;
  label: string;
  icon: string;
  /** Page to open; without one the entry is marked 建设中. */
  url?: string;
}
