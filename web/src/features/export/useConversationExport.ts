// The export actions of an open session, for its header menu and the command palette.

import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { useT } from '../../i18n';
import type { MenuItem } from '../../ui/Menu';
import { showToast } from '../../ui/toast';
import type { Turn } from '../conversation/turns';
import { useRegisterCommands, type PaletteCommand } from '../search/commands';
import { downloadImage, downloadMarkdown } from './conversationExport';

export function useConversationExport(title: string, turns: readonly Turn[], conversation: RefObject<HTMLElement | null>): MenuItem[] {
  const t = useT();
  // The actions read the latest conversation when chosen, so the palette's entries need not change with it.
  const latest = useRef({ title, turns });
  useEffect(() => {
    latest.current = { title, turns };
  });
  const busy = useRef(false);

  const actions = useMemo(() => {
    const markdown = () => downloadMarkdown(latest.current.title, latest.current.turns, t);
    const image = async () => {
      const node = conversation.current;
      if (busy.current || !node) return;
      busy.current = true;
      showToast(t('export.imageWorking'));
      try {
        await downloadImage(node, latest.current.title);
      } catch {
        showToast(t('export.imageFailed'), 'error');
      } finally {
        busy.current = false;
      }
    };
    return { markdown, image: () => void image() };
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
