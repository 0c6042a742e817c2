import { describe, expect, it } from "vitest";
import { SseParser } from "./sseParser";

describe("SseParser", () => {
  it("splits events across arbitrary pieces, as Spring writes them", () => {
    const parser = new SseParser();
    expect(parser.push('event:chunk\ndata:{"chunk":"안')).toEqual([]);
    expect(parser.push('녕"}\n\nevent:chunk\ndata:{"chunk":"하세요"}\n')).toEqual([
      { event: "chunk", data: '{"chunk":"안녕"}' },
    ]);
    expect(parser.push("\nevent: done\ndata: {}\n\n")).toEqual([
      { event: "chunk", data: '{"chunk":"하세요"}' },
      { event: "done", data: "{}" },
    ]);
  });

  it("joins multi-line data, ignores comments and reads CRLF", () => {
    const parser = new SseParser();
    expect(parser.push(": keep-alive\r\n\r\nevent:error\r\ndata:a\r\ndata:b\r\n\r\n")).toEqual([
      { event: "error", data: "a\nb" },
    ]);
  });
});
