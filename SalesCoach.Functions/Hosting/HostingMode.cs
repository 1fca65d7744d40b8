// Owns which host runs the functions, for the few answers that differ (the dashboard's access check).
namespace SalesCoach.Functions.Hosting;

/// <summary>Standalone: this process is its own host and checks no function keys; otherwise the Functions host checked them.</summary>
public sealed record HostingMode(bool Standalone);
