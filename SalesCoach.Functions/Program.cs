using SalesCoach.Functions.Hosting;

var app = SalesCoachApp.Build(args);
await app.RunAsync();
