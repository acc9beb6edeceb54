using System.Diagnostics;

namespace Spaces.Tests.Sdks;

/// <summary>The SDKs' own suites (Python's unittest, Node's node:test), run here so the one test command covers them.</summary>
public sealed class SdkUnitSuiteTests
{
    [Fact]
    public async Task PythonSdk_UnittestSuite_Passes() =>
        await RunToSuccessAsync(SdkRuntimes.PythonStart(["-m", "unittest", "discover", "-s", "tests", "-t", "."]), "the Python SDK's unittest suite");

    [Fact]
    public async Task JsSdk_NodeTestSuite_Passes() =>
        await RunToSuccessAsync(SdkRuntimes.NodeStart(["--test", "test/"]), "the JavaScript SDK's node:test suite");

    private static async Task RunToSuccessAsync(ProcessStartInfo info, string phase)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await Infrastructure.Wait.ForAsync(process.WaitForExitAsync(), phase, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0, $"{phase} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
