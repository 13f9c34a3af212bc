namespace Spindle.Core.Wire;

/// <summary><c>vector_store.file_content.page</c>: the parsed text of a vector-store file.</summary>
public sealed record VectorStoreFileContentPage(IReadOnlyList<TextPart> Data)
{
    public string Object => "vector_store.file_content.page";
    public bool HasMore => false;
    public string? NextPage => null;
}
