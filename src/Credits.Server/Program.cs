using Credits.Server;
using Credits.Server.Cli;
using Credits.Server.Demo;
using Microsoft.Extensions.Options;

if (args is ["keys", .. var keyArguments])
{
    return KeysCommand.Run(keyArguments, Console.Out, Console.Error);
}
if (args is ["demo", .. var demoArguments])
{
    return await DemoCommand.RunAsync(demoArguments, Console.Out, Console.Error);
}

var app = ServerHost.Build(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException error)
{
    // Configuration mistakes are the operator's to fix: say what is wrong, without a stack trace.
    await Console.Error.WriteLineAsync($"Credits.Server cannot start: {string.Join(" ", error.Failures)}");
    return 1;
}
