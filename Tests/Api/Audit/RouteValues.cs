namespace Spaces.Tests.Api.Audit;

/// <summary>Values for route parameters and query strings: path traversal, encodings that are not UTF-8, unicode tricks.</summary>
public static class RouteValues
{
    public static IReadOnlyList<string> Tricks { get; } =
    [
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "..%5C..%5Cwindows%5Cwin.ini",
        "%2e%2e",
        "%00",
        "a%00b",
        "%E2%80%AE%E2%80%ADevil",
        "%EF%BB%BF",
        "%C0%AE%C0%AE",
        "%FF%FE",
        "%ED%A0%80",
        "%F0%9F%98%80",
        "%20",
        "CON",
        new string('a', 4000),
        "-1",
        "99999999999999999999",
    ];

    /// <summary>Appended to every URL once: query values the handlers parse (ids, offsets, limits, names, versions).</summary>
    public const string TrickyQuery =
        "?name=%E2%80%AE%00&request_id=..%2F..%2Fx&spaceId=%FF&offset=-1&limit=99999999999&v=%00&returnUrl=%2F%2Fevil.example"
        + "&afterSeq=abc&id=%ED%A0%80&culture=..%2F";
}
