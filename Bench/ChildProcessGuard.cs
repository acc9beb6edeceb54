using System.Diagnostics;

namespace Spaces.Bench;

/// <summary>A process the benchmark started must not outlive it: killed with its tree on <see cref="Kill"/> or when the benchmark exits.</summary>
internal sealed class ChildProcessGuard
{
    private readonly Process _process;

    public ChildProcessGuard(Process process)
    {
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public void Kill()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        KillTree();
    }

    private void OnProcessExit(object? sender, EventArgs e) => KillTree();

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
