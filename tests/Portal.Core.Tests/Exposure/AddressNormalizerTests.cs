using Portal.Core.Exposure;

namespace Portal.Core.Tests.Exposure;

public sealed class AddressNormalizerTests
{
    [Theory]
    [InlineData("jo@example.com", "jo@example.com")]
    [InlineData("  Jo.Smith@Example.COM \t", "jo.smith@example.com")]
    [InlineData("JO+news@EXAMPLE.com", "jo+news@example.com")]
    [InlineData("jo@exämple.com", "jo@xn--exmple-cua.com")]
    [InlineData("jo@EXÄMPLE.com", "jo@xn--exmple-cua.com")]
    [InlineData("jo@xn--exmple-cua.com", "jo@xn--exmple-cua.com")]
    [InlineData("jo@bücher.example", "jo@xn--bcher-kva.example")]
    [InlineData("rené@example.com", "rené@example.com")]
    [InlineData("rene\u0301@example.com", "rené@example.com")]
    [InlineData("RENÉ@example.com", "rené@example.com")]
    public void Normalises_case_spaces_unicode_and_idn(string input, string expected)
    {
        var result = AddressNormalizer.Normalize(input);

        Assert.True(result.IsValid, result.Problem.ToString());
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("", AddressProblem.Empty)]
    [InlineData("   ", AddressProblem.Empty)]
    [InlineData("jo.example.com", AddressProblem.NoAtSign)]
    [InlineData("@example.com", AddressProblem.EmptyLocalPart)]
    [InlineData("jo smith@example.com", AddressProblem.InvalidLocalPart)]
    [InlineData(".jo@example.com", AddressProblem.InvalidLocalPart)]
    [InlineData("jo..smith@example.com", AddressProblem.InvalidLocalPart)]
    [InlineData("jo\"@example.com", AddressProblem.InvalidLocalPart)]
    [InlineData("jo\u0000@example.com", AddressProblem.InvalidLocalPart)]
    [InlineData("jo@", AddressProblem.InvalidDomain)]
    [InlineData("jo@localhost", AddressProblem.InvalidDomain)]
    [InlineData("jo@example..com", AddressProblem.InvalidDomain)]
    [InlineData("jo@exa mple.com", AddressProblem.InvalidDomain)]
    [InlineData("jo@example.com.", AddressProblem.InvalidDomain)]
    public void Rejects_what_is_not_an_address_with_the_reason(string input, AddressProblem expected)
    {
        var result = AddressNormalizer.Normalize(input);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Problem);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Rejects_overlong_addresses()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com";

        Assert.Equal(AddressProblem.TooLong, AddressNormalizer.Normalize($"{local}@{domain}").Problem);
        Assert.Equal(AddressProblem.InvalidLocalPart, AddressNormalizer.Normalize($"{new string('a', 65)}@example.com").Problem);
        Assert.Equal(AddressProblem.TooLong, AddressNormalizer.Normalize(new string('x', 10 * 1024 * 1024)).Problem);
    }
}
