// A Connect protocol client over fetch, JSON only: what any other system calling the gateway's
// HTTP edge uses (docs/HTTP.md). Unary calls POST the request; server streams read Connect's
// enveloped messages (a flags byte, a four-byte big-endian length, the JSON) as they arrive.

/** A Connect error: the canonical code in lower snake case and the server's message. */
export class ConnectError extends Error {
  constructor(code, message, httpStatus = 0) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

function headers(token, contentType) {
  const result = { "Content-Type": contentType, "Connect-Protocol-Version": "1" };
  if (token) result.Authorization = `Bearer ${token}`;
  return result;
}

async function errorOf(response) {
  try {
    const body = await response.json();
    return new ConnectError(body.code ?? "unknown", body.message ?? response.statusText, response.status);
  } catch {
    return new ConnectError("unavailable", `HTTP ${response.status} ${response.statusText}`, response.status);
  }
}

/** Calls a unary method (`/<package>.<Service>/<Method>`) and returns the answer's JSON. */
export async function unary(path, message, { token, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST", headers: headers(token, "application/json"), body: JSON.stringify(message), signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ConnectError("unavailable", `the gateway did not answer: ${error.message}`);
  }
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

function envelope(message) {
  const json = new TextEncoder().encode(JSON.stringify(message));
  const framed = new Uint8Array(5 + json.length);
  new DataView(framed.buffer).setUint32(1, json.length);
  framed.set(json, 5);
  return framed;
}

/**
 * Calls a server-streaming method and hands each message to `onMessage` as it arrives, with
 * the bytes it took on the wire (its envelope included, before any decompression is undone).
 * Resolves when the stream ends cleanly; rejects with a ConnectError when it ends with an
 * error, when the connection breaks, or when the answer is not a Connect stream.
 */
export async function serverStream(path, message, { token, signal, onMessage }) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST", headers: headers(token, "application/connect+json"), body: envelope(message), signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ConnectError("unavailable", `the gateway did not answer: ${error.message}`);
  }
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = new Uint8Array(0);
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ConnectError("unavailable", `the stream broke: ${error.message}`);
    }
    if (chunk.done) throw new ConnectError("unavailable", "the stream ended without its end message");
    const joined = new Uint8Array(buffered.length + chunk.value.length);
    joined.set(buffered);
    joined.set(chunk.value, buffered.length);
    buffered = joined;
    while (buffered.length >= 5) {
      const view = new DataView(buffered.buffer, buffered.byteOffset, buffered.byteLength);
      const flags = view.getUint8(0);
      const length = view.getUint32(1);
      if (buffered.length < 5 + length) break;
      const json = JSON.parse(decoder.decode(buffered.subarray(5, 5 + length)) || "{}");
      buffered = buffered.slice(5 + length);
      if (flags & 0x02) {
        await reader.cancel().catch(() => {});
        if (json.error) throw new ConnectError(json.error.code ?? "unknown", json.error.message ?? "");
        return;
      }
      onMessage(json, 5 + length);
    }
  }
}
