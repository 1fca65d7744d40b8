namespace SalesCoach.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding package.json.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "SalesCoach.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find the repository root (package.json + SalesCoach.sln) above " + AppContext.BaseDirectory);
    }
}
