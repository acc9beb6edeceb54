using System.Net.Http.Headers;
using System.Text;

namespace Spaces.Tests.Api.Audit;

/// <summary>One malformed body of the audit: a name for the report and a fresh content for each send.</summary>
public sealed record BadBody(string Name, Func<HttpContent?> Content);

/// <summary>
/// The bodies every endpoint receives: the audit's matrix (unknown charset, broken multipart, wrong or no content type,
/// too many form fields) plus malformed JSON, wrong types, huge and deeply nested bodies and invalid UTF-8.
/// </summary>
public static class BadBodies
{
    private const string Boundary = "audit-boundary-7d41";

    public static IReadOnlyList<BadBody> All { get; } =
    [
        new("no body", () => null),
        new("json charset=bogus", () => Raw("{\"prompt\":\"x\",\"username\":\"x\",\"name\":\"x\"}", "application/json; charset=bogus")),
        new("form charset=bogus", () => Raw("prompt=x&name=x", "application/x-www-form-urlencoded; charset=bogus")),
        new("multipart charset=bogus", () => Raw(Multipart(Part("prompt", "x")), $"multipart/form-data; boundary={Boundary}; charset=bogus")),
        new("json empty", () => Raw("", "application/json")),
        new("json malformed", () => Raw("{\"prompt\": ", "application/json")),
        new("json not an object", () => Raw("[1, \"two\", null]", "application/json")),
        new("json wrong types", () => Raw(
            "{\"prompt\":[1],\"name\":5,\"description\":{},\"inputs\":\"yes\",\"cover\":7,\"username\":{},\"password\":[],"
            + "\"space_ids\":{},\"repo_id\":3,\"split\":false,\"max_length\":\"x\",\"stride\":-1e309,\"tokenizer_name\":[]}", "application/json")),
        new("json huge string", () => Raw("{\"prompt\":\"" + new string('a', 2 * 1024 * 1024) + "\",\"name\":\"x\"}", "application/json")),
        new("json deeply nested", () => Raw(new string('[', 100_000) + new string(']', 100_000), "application/json")),
        new("json nested objects", () => Raw(string.Concat(Enumerable.Repeat("{\"name\":", 5_000)) + "1" + new string('}', 5_000), "application/json")),
        new("json invalid utf-8", () => Bytes([.. "{\"prompt\":\""u8, 0xff, 0xfe, 0xc0, 0xaf, .. "\",\"name\":\""u8, 0xed, 0xa0, 0x80, .. "\"}"u8], "application/json")),
        new("json unicode tricks", () => Raw("{\"prompt\":\"\u202e\u0000\ufeff\",\"name\":\"a\u202eb\",\"username\":\"ad\u200bmin\",\"password\":\"\u0000\"}", "application/json")),
        new("json number overflow", () => Raw("{\"max_length\":99999999999999999999,\"offset\":1e999,\"stride\":-0}", "application/json")),
        new("no content type", () => Bytes("prompt=x&name=x"u8.ToArray(), null)),
        new("text/plain", () => Raw("prompt=x", "text/plain")),
        new("octet-stream", () => Bytes([0, 1, 2, 0xff], "application/octet-stream")),
        new("content type garbage", () => Raw("x", ";;;/=\"")),
        new("form 1025 fields", () => Raw(string.Join('&', Enumerable.Range(0, 1025).Select(i => $"f{i}=v")), "application/x-www-form-urlencoded")),
        new("form malformed", () => Raw("%%%=%zz&name=%E2%82&prompt=\u0000", "application/x-www-form-urlencoded")),
        new("form huge value", () => Raw("name=" + new string('a', 5 * 1024 * 1024), "application/x-www-form-urlencoded")),
        new("multipart empty body", () => Raw("", $"multipart/form-data; boundary={Boundary}")),
        new("multipart no boundary", () => Raw(Multipart(Part("prompt", "x")), "multipart/form-data")),
        new("multipart boundary mismatch", () => Raw(Multipart(Part("prompt", "x")), "multipart/form-data; boundary=another-boundary")),
        new("multipart truncated", () => Raw(Multipart(Part("prompt", "x"))[..30], $"multipart/form-data; boundary={Boundary}")),
        new("multipart truncated file", () => Raw($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\nabc",
            $"multipart/form-data; boundary={Boundary}")),
        new("multipart no closing boundary", () => Raw($"--{Boundary}\r\n{Part("prompt", "x")}", $"multipart/form-data; boundary={Boundary}")),
        new("multipart header over 16 KiB", () => Raw(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"prompt\"\r\nX-Big: {new string('h', 17 * 1024)}\r\n\r\nx\r\n--{Boundary}--\r\n",
            $"multipart/form-data; boundary={Boundary}")),
        new("multipart 17 part headers", () => Raw(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"prompt\"\r\n"
            + string.Concat(Enumerable.Range(0, 17).Select(i => $"X-H{i}: v\r\n")) + $"\r\nx\r\n--{Boundary}--\r\n",
            $"multipart/form-data; boundary={Boundary}")),
        new("multipart no disposition", () => Raw($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{Boundary}--\r\n", $"multipart/form-data; boundary={Boundary}")),
        new("multipart traversal file name", () => Raw(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nx\r\n--{Boundary}--\r\n",
            $"multipart/form-data; boundary={Boundary}")),
        new("multipart invalid utf-8 prompt", () => Bytes(
            [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n"), 0xff, 0xc3, 0x28,
                .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n")],
            $"multipart/form-data; boundary={Boundary}")),
    ];

    private static string Part(string name, string value) => $"Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n";

    private static string Multipart(string part) => $"--{Boundary}\r\n{part}--{Boundary}--\r\n";

    private static ByteArrayContent Raw(string text, string contentType) => Bytes(Encoding.UTF8.GetBytes(text), contentType);

    private static ByteArrayContent Bytes(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = null;
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        return content;
    }

    /// <summary>A small valid JSON body, sent with the tricky route values so the handler behind the route runs.</summary>
    public static HttpContent PlainJson() => new StringContent("{\"prompt\":\"audit\"}", new MediaTypeHeaderValue("application/json"));
}
