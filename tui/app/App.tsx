// The live view's React root: subscribes to the controller's version, hands keys to it and
// renders the current Frame. All state is in the controller; this component only assembles.

import React, { useSyncExternalStore } from 'react';
import { useInput } from 'ink';
import { FILTER_HELP } from '../model/filter-input.js';
import { Screen } from '../view/Screen.js';
import type { TailController } from './tail-controller.js';

export function App({ controller }: { controller: TailController }): React.ReactElement | null {
  useSyncExternalStore(controller.subscribe, controller.getVersion);
  useInput((input, key) => controller.key(input, key));
  return <Screen frame={controller.frame()} filterSyntax={FILTER_HELP} />;
}

/** Catches a render error so the terminal is restored and the error is printed, not lost in the alternate screen. */
export class ErrorBoundary extends React.Component<{ onError(e: Error): void; children: React.ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } { return { failed: true }; }
  override componentDidCatch(e: Error): void { this.props.onError(e); }
  override render(): React.ReactNode { return this.state.failed ? null : this.props.children; }
}
