using Spaces.HuggingFace;

namespace Spaces.Tests.HuggingFace;

public sealed class HubPathsTests
{
    [Theory]
    [InlineData("../evil", "'..' segment")]
    [InlineData("data/../../evil", "'..' segment")]
    [InlineData("/etc/passwd", "starts with '/'")]
    [InlineData("data\\..\\evil", "backslash")]
    [InlineData("data/a\u0000.csv", "control character")]
    [InlineData("data/a\n.csv", "control character")]
    [InlineData("C:/evil", "drive letter")]
    [InlineData("data//a.csv", "empty or '.' segment")]
    [InlineData("./a.csv", "empty or '.' segment")]
    [InlineData("", "empty")]
    public void EnsureSafeRelativePath_UnsafePath_IsRefusedSayingWhy(string path, string reason)
    {
        var error = Assert.Throws<HuggingFaceException>(() => HubPaths.EnsureSafeRelativePath(path, "a test listing"));

        Assert.Equal(HuggingFaceErrorKind.UnsafePath, error.Kind);
        Assert.Contains(reason, error.Message);
        Assert.Contains("a test listing", error.Message);
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("data/train-00000-of-00002.parquet")]
    [InlineData("default/partial-train/0000.parquet")]
    [InlineData("..hidden/a..b.txt")]
    public void EnsureSafeRelativePath_PlainRelativePath_IsAccepted(string path) =>
        Assert.Equal(path, HubPaths.EnsureSafeRelativePath(path, "a test listing"));

    [Fact]
    public void CombineUnder_SafePath_StaysUnderTheRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "hub-root");

        Assert.Equal(Path.Combine(root, "data", "a.csv"), HubPaths.CombineUnder(root, "data/a.csv"));
        Assert.Throws<HuggingFaceException>(() => HubPaths.CombineUnder(root, "../hub-root-sibling/a.csv"));
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("refs/convert/parquet", "refs%2Fconvert%2Fparquet")]
    [InlineData("refs/pr/1", "refs%2Fpr%2F1")]
    [InlineData("v1.0 beta", "v1.0%20beta")]
    public void EncodeRevision_Revision_IsEncodedCompletely(string revision, string expected) =>
        Assert.Equal(expected, HubPaths.EncodeRevision(revision));

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b/c")]
    [InlineData("a b")]
    [InlineData("a?b")]
    [InlineData("")]
    public void EnsureValidRepoId_Malformed_Throws(string repoId) =>
        Assert.Throws<ArgumentException>(() => HubPaths.EnsureValidRepoId(repoId));

    [Fact]
    public void ResolveUrl_DatasetAndModel_FollowTheHubLayout()
    {
        var endpoint = new Uri("https://hub.example/mirror");

        Assert.Equal("https://hub.example/mirror/datasets/acme/x/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet",
            HubPaths.ResolveUrl(endpoint, HubFile.Dataset("acme/x", "default/train/0000.parquet", HubFile.ParquetRevision)).AbsoluteUri);
        Assert.Equal("https://hub.example/mirror/gpt2/resolve/main/vocab.json",
            HubPaths.ResolveUrl(endpoint, HubFile.Model("gpt2", "vocab.json")).AbsoluteUri);
    }

    [Fact]
    public void Options_ToString_NeverShowsTheToken()
    {
        var options = new HuggingFaceOptions { Token = "hf_secret_value" };

        Assert.DoesNotContain("hf_secret_value", options.ToString());
        Assert.Contains("Token=(set)", options.ToString());
    }
}
