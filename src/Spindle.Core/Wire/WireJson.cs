using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Spindle.Core.Wire;

/// <summary>
/// Writes Spindle's objects to rows and events byte for byte as <see cref="SpindleJsonContext.Wire"/> would, but on the
/// source generator's fast path. A context whose options carry an encoder never takes that path; the generated
/// <see cref="SpindleJsonContext.Default"/> context writing into a writer that has the relaxed encoder gives the same
/// bytes in two thirds of the time (a run: 1.03 against 1.53 µs). Pass the <c>Default</c> context's type info.
/// </summary>
/// <remarks>
/// One writer and buffer per thread, reset at each call: serializing never calls back into this class. A buffer grown
/// past <see cref="KeptBufferBytes"/> by a large object is let go rather than kept by its thread.
/// </remarks>
public static class WireJson
{
    private const int KeptBufferBytes = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] ToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Write(value, typeInfo);
        var bytes = buffer.WrittenSpan.ToArray();
        Release(buffer);
        return bytes;
    }

    public static string ToJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = Write(value, typeInfo);
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Release(buffer);
        return json;
    }

    private static ArrayBufferWriter<byte> Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, typeInfo);
        return buffer;
    }

    private static void Release(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > KeptBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }
    }
}
