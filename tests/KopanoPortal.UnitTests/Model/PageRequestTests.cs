using KopanoPortal.Core.Model;

namespace KopanoPortal.UnitTests.Model;

public sealed class PageRequestTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(1, 1)]
    [InlineData(25, 25)]
    [InlineData(200, 200)]
    [InlineData(201, 200)]
    [InlineData(int.MaxValue, 200)]
    public void Normalized_clamps_count_to_1_through_200(int count, int expected) =>
        Assert.Equal(expected, new PageRequest(Count: count).Normalized().Count);

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(int.MinValue, 0)]
    [InlineData(0, 0)]
    [InlineData(50, 50)]
    public void Normalized_keeps_offset_at_zero_or_above(int offset, int expected) =>
        Assert.Equal(expected, new PageRequest(Offset: offset).Normalized().Offset);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Normalized_turns_a_blank_search_into_no_search(string? search) =>
        Assert.Null(new PageRequest(Search: search).Normalized().Search);

    [Theory]
    [InlineData("  john ", "john")]
    [InlineData("john doe", "john doe")]
    [InlineData(" a b ", "a b")]
    public void Normalized_trims_the_search(string search, string expected) =>
        Assert.Equal(expected, new PageRequest(Search: search).Normalized().Search);

    [Fact]
    public void Normalized_keeps_the_sort_direction()
    {
        Assert.True(new PageRequest(Descending: true).Normalized().Descending);
        Assert.False(new PageRequest(Descending: false).Normalized().Descending);
    }
}
