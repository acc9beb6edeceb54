using Spaces.Api.Hosting;

await SpacesApp.Build(args).RunAsync();
