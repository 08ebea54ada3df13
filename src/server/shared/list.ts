import { z } from 'zod';

/** Paging shared by every list procedure: at most 1000 rows a page. */
export const pageInput = {
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
};

export const sortDirection = z.enum(['asc', 'desc']);

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
