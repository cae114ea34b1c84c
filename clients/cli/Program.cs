using System.Runtime.InteropServices;
using Credits.Cli;
using Credits.Cli.Hosting;

// Ctrl-C (SIGINT) and SIGTERM cancel the running command instead of killing the process, so that
// `history --follow` can end cleanly and an interrupted export still reports what it wrote.
using var interrupted = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await CliApp.RunAsync(args, CliConsole.System(), interrupted.Token);
