/**
 * A stand-in for a SignalR HubConnection, to drive LiveClient's resume logic without a server:
 * it records invocations, collects the frames of each UploadAudio stream, and lets a test deliver
 * server events or fail a call the way the real hub does ("code: text").
 */
export class FakeHubConnection {
  constructor({ sessionId = 'session-1' } = {}) {
    this.state = 'Disconnected';
    this.sessionId = sessionId;
    this.handlers = new Map();
    this.invocations = [];
    this.streams = [];
    this.nextSeqAnswers = [];
    this.stopFailures = [];
    this.lifecycle = {};
  }

  on(name, handler) {
    this.handlers.set(name, handler);
  }

  onreconnecting(handler) {
    this.lifecycle.reconnecting = handler;
  }

  onreconnected(handler) {
    this.lifecycle.reconnected = handler;
  }

  onclose(handler) {
    this.lifecycle.close = handler;
  }

  async start() {
    this.state = 'Connected';
  }

  async stop() {
    this.state = 'Disconnected';
  }

  /** Server → client event. */
  emit(name, payload) {
    this.handlers.get(name)?.(payload);
  }

  /** The connection drops and SignalR starts reconnecting. */
  drop() {
    this.state = 'Reconnecting';
    this.lifecycle.reconnecting?.(new Error('WebSocket closed with status code: 1006'));
  }

  /** SignalR reconnected. */
  reconnect() {
    this.state = 'Connected';
    this.lifecycle.reconnected?.('new-connection-id');
  }

  starts() {
    return this.invocations.filter((i) => i.method === 'StartSession').map((i) => i.args[0]);
  }

  invoke(method, ...args) {
    this.invocations.push({ method, args });
    if (method === 'StartSession') {
      const nextSeq = this.nextSeqAnswers.shift() ?? 0;
      return Promise.resolve({ sessionId: args[0].sessionId ?? this.sessionId, sampleRate: 16000, frameMs: 100, nextSeq });
    }
    if (method === 'UploadAudio') {
      const stream = { frames: [], completed: false };
      const done = new Promise((resolve, reject) => {
        stream.fail = reject;
        args[1].subscribe({
          next: (frame) => stream.frames.push(frame.seq),
          complete: () => {
            stream.completed = true;
            resolve();
          },
          error: reject,
        });
      });
      this.streams.push(stream);
      return done;
    }
    if (method === 'StopSession') {
      const failure = this.stopFailures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve({ sessionId: args[0], finals: 0, audioReceivedMs: 0, nextSeq: 0 });
    }
    return Promise.reject(new Error(`unexpected ${method}`));
  }
}

/** Lets pending promise callbacks and timers of zero delay run until `condition()` holds (bounded). */
export async function settle(condition, what) {
  for (let i = 0; i < 1000; i++) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

export function final(segmentId, text) {
  return { sessionId: 'session-1', segmentId, isFinal: true, text, stability: 1, words: [], audioProcessedMs: 0 };
}

export function partial(segmentId, text) {
  return { sessionId: 'session-1', segmentId, isFinal: false, text, stability: 0.5, words: [], audioProcessedMs: 0 };
}
