using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>One result, printed as <c>BENCH {json}</c> so runs can be compared by a script.</summary>
public sealed record BenchmarkResult(string Name, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double> Ratios)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToLine() => "BENCH " + JsonSerializer.Serialize(this, Json);
}
