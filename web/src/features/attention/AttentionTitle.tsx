import { useSidebar } from '../sidebar/sidebarStore';
import { useAttentionTitle } from './attention';

/** Renders nothing: keeps the waiting count in the tab title (its own component, so that list updates re-render only it). */
export function AttentionTitle() {
  const { questions } = useSidebar();
  useAttentionTitle(questions);
  return null;
}
