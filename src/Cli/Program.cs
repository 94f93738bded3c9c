using Hybrid.Cli;

return await CliApp.RunAsync(args);
