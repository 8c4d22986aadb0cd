// zeromq sockets accept one send at a time; this chains them.
export class SendQueue {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly sendFn: (frames: (string | Buffer)[]) => Promise<void>) {}

  send(frames: (string | Buffer)[]): Promise<void> {
    const next = this.chain.then(() => this.sendFn(frames));
    this.chain = next.catch(() => undefined);
    return next;
  }
}
