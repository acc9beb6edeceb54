using System.Diagnostics;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Sdks;

/// <summary>How the tests start Python and Node programs of <c>sdk/</c>; each fails saying what is missing.</summary>
public static class SdkRuntimes
{
    /// <summary>Debian's interpreter, which takes the apt package python3-websockets; <c>SPACES_PYTHON</c> names another.</summary>
    public static string Python => Environment.GetEnvironmentVariable("SPACES_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    public static string PythonFolder => RepoPaths.Of("sdk", "python");

    public static string JsFolder => RepoPaths.Of("sdk", "js");

    /// <summary>A Python program with <c>sdk/python</c> importable (the package is used from the checkout, not installed).</summary>
    public static ProcessStartInfo PythonStart(IEnumerable<string> arguments)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"No Python at {Python}: install python3 and python3-websockets (scripts/test.sh does), or set SPACES_PYTHON");
        }
        var info = Start(Python, arguments, PythonFolder);
        info.Environment["PYTHONPATH"] = PythonFolder;
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        return info;
    }

    /// <summary>A Node program of <c>sdk/js</c>, whose packages must be installed.</summary>
    public static ProcessStartInfo NodeStart(IEnumerable<string> arguments)
    {
        if (!File.Exists(Path.Combine(JsFolder, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException($"The JavaScript SDK's packages are not installed: run 'npm ci' in {JsFolder} (scripts/test.sh does)");
        }
        return Start("node", arguments, JsFolder);
    }

    private static ProcessStartInfo Start(string fileName, IEnumerable<string> arguments, string folder)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }
}
