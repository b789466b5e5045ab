// The export actions of an open session, for its header menu and the command palette.

import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { useT } from '../../i18n';
import type { MenuItem } from '../../ui/Menu';
import { showToast } from '../../ui/toast';
import type { Turn } from '../conversation/turns';
import { toolSummary } from '../conversation/toolRenderers';
import { useRegisterCommands, type PaletteCommand } from '../search/pageCommands';

export function useConversationExport(title: string, turns: readonly Turn[], conversation: RefObject<HTMLElement | null>): MenuItem[] {
  const t = useT();
  // The actions read the latest conversation when chosen, so the palette's entries need not change with it.
  const latest = useRef({ title, turns });
  useEffect(() => {
    latest.current = { title, turns };
  });
  const busy = useRef(false);

  const actions = useMemo(() => {
    // The export code (and, for images, html-to-image) loads when an export is first chosen. It imports nothing
    // but types from the app (the tool summaries are passed in), so the first page's chunks stay as they are.
    const markdown = async () => {
      const { downloadMarkdown } = await import('./conversationExport');
      downloadMarkdown(latest.current.title, latest.current.turns, t, toolSummary);
    };
    const image = async () => {
      const node = conversation.current;
      if (busy.current || !node) return;
      busy.current = true;
      showToast(t('export.imageWorking'));
      try {
        const { downloadImage } = await import('./conversationExport');
        await downloadImage(node, latest.current.title);
      } catch {
        showToast(t('export.imageFailed'), 'error');
      } finally {
        busy.current = false;
      }
    };
    return { markdown: () => void markdown().catch(() => showToast(t('export.failed'), 'error')), image: () => void image() };
  }, [t, conversation]);

  const commands = useMemo<PaletteCommand[]>(
    () => [
      { id: 'export-markdown', label: t('export.markdown'), icon: 'download', run: actions.markdown },
      { id: 'export-image', label: t('export.image'), icon: 'download', run: actions.image },
    ],
    [t, actions],
  );
  useRegisterCommands(commands);

  return useMemo(
    () => [
      { label: t('export.markdown'), onSelect: actions.markdown, testId: 'export-markdown' },
      { label: t('export.image'), onSelect: actions.image, testId: 'export-image' },
    ],
    [t, actions],
  );
}
