// Wire types and calls for GET /search (poco's shape plus Poco's ranks, snippets and highlight ranges).

import { get } from './client';

const V1 = '/api/v1';

/** A range of a text that matched the query: start inclusive, end exclusive (UTF-16 code units). */
export interface Highlight {
  start: number;
  end: number;
}

export interface TaskHit {
  session_id: string;
  title: string;
  status: string;
  timestamp: string;
  project_id: string | null;
  highlights: Highlight[];
}

export interface ProjectHit {
  project_id: string;
  name: string;
  highlights: Highlight[];
}

export interface MessageHit {
  message_id: number;
  session_id: string;
  text_preview: string | null;
  timestamp: string;
  role: string;
  session_title: string | null;
  snippet: string;
  highlights: Highlight[];
}

export interface SearchResults {
  query: string;
  tasks: TaskHit[];
  projects: ProjectHit[];
  messages: MessageHit[];
}

/** poco's limit on `q`. */
export const MAX_QUERY = 200;

export const searchApi = {
  search: (q: string, signal?: AbortSignal) =>
    get<SearchResults>(`${V1}/search?q=${encodeURIComponent(q.slice(0, MAX_QUERY))}&limit_messages=10`, signal),
};
