import type { SearchFilters } from '../../shared/types';
import { sqlString } from '../db/database';

/** SearchFilters as a LanceDB SQL predicate on the chunks table, or undefined when nothing is filtered. */
export function filtersToWhere(filters: SearchFilters | undefined): string | undefined {
  if (!filters) return undefined;
  const parts: string[] = [];
  if (filters.types?.length) parts.push(`type IN (${filters.types.map(sqlString).join(', ')})`);
  if (filters.folder) {
    const folder = filters.folder.replace(/[\\/]+$/, '');
    parts.push(`(folder = ${sqlString(folder)} OR starts_with(folder, ${sqlString(folder + '/')}))`);
  }
  if (filters.dateFrom) parts.push(`date >= ${sqlString(filters.dateFrom)}`);
  if (filters.dateTo) parts.push(`date <= ${sqlString(filters.dateTo)}`);
  if (filters.section) parts.push(`section = ${sqlString(filters.section.toUpperCase())}`);
  if (filters.patient) parts.push(`lower(patient) = ${sqlString(filters.patient.toLowerCase())}`);
  return parts.length ? parts.join(' AND ') : undefined;
}
