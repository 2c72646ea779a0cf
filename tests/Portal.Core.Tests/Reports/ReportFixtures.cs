namespace Portal.Core.Tests.Reports;

/// <summary>The .eml fixtures shared by the test projects (tests/TestData/Reports, copied next to the tests).</summary>
internal static class ReportFixtures
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Reports", "Fixtures", name));
}
