export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The last page a list may be asked for: past it the offset is no longer a sane number. */
export const MAX_PAGE = 1_000_000;
