// The composer's microphone, shown only where the browser can recognise speech. (Not a lazy chunk: it is
// small, and a chunk of its own would make the bundler split the first page's shared code into more files.)

import Dictation from './Dictation';
import { speechRecognition } from './dictation';

export function DictationButton(props: { text: string; onText: (value: string) => void; disabled?: boolean }) {
  return speechRecognition() ? <Dictation {...props} /> : null;
}
