// The status-bar item: the latest summary ("4 valid, 1 blocked"); a click opens the panel.
import { Widget } from '@lumino/widgets';

export class SummaryStatus extends Widget {
  constructor(onClick: () => void) {
    super();
    this.addClass('jp-credprobe-status');
    this.node.title = 'Credentials: latest checks (click to open the panel)';
    this.node.setAttribute('role', 'button');
    this.node.tabIndex = 0;
    this.node.addEventListener('click', onClick);
    this.node.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') onClick();
    });
    this.setSummary('');
  }

  setSummary(summary: string): void {
    this.node.textContent = summary ? `Credentials: ${summary}` : 'Credentials: not checked';
    this.node.dataset['summary'] = summary;
  }
}
