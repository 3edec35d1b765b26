/** Reads Server-Sent Events from a Response body for the server's tests (the SDK parses them with eventsource-parser). */

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseReader {
  /** The next message (comments skipped); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Every comment line seen so far (e.g. "heartbeat"). */
  comments: string[];
  close(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const comments: string[] = [];
  let buffered = "";
  const messages: SseMessage[] = [];
  const parse = () => {
    for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const message: SseMessage = { id: undefined, event: "message", data: "" };
      let hasField = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(":");
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, "");
          hasField = true;
          if (field === "id") message.id = value;
          else if (field === "event") message.event = value;
          else if (field === "data") message.data += message.data ? `\n${value}` : value;
        }
      }
      if (hasField) messages.push(message);
    }
  };
  return {
    comments,
    async next(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no event arrived in time");
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error("no event arrived in time")), left);
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) throw new Error("the stream ended");
        buffered += decoder.decode(chunk.value, { stream: true });
        parse();
      }
      return messages.shift() as SseMessage;
    },
    close: () => reader.cancel(),
  };
}
