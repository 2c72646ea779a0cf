namespace Portal.Core.Tests.Reports;

/// <summary>The .eml fixtures of tests/TestData/Reports, copied next to each test project that links this file.</summary>
internal static class ReportFixtures
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Reports", "Fixtures", name));
}
