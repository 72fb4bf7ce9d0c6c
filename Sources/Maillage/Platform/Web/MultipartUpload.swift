import Foundation
import MultipartKit
import Vapor

/// A file sent with a form, already on disk.
struct UploadedFile: Sendable {
    var filename: String
    var path: String
    var size: Int
}

/// A `multipart/form-data` body read as it arrives: files go straight to a temporary folder, so a 100 MB
/// upload never sits in memory (issue 11, finding 8), and the body stops being read past `maxBytes`.
struct UploadedForm: Sendable {
    var fields: [String: String]
    var files: [String: UploadedFile]
    var directory: URL

    func discard() { try? FileManager.default.removeItem(at: directory) }
}

enum MultipartUpload {
    static let maxFieldBytes = 10_000

    static func receive(_ req: Request, maxBytes: Int, fileFields: Set<String>, tooLarge: String) async throws -> UploadedForm {
        guard let type = req.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            throw Abort(.unsupportedMediaType, reason: "Envoyez le formulaire avec ses fichiers (multipart/form-data).")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-uploads/\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let state = ParseState(directory: directory, fileFields: fileFields)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.complete() }
        var received = 0
        do {
            for try await chunk in req.body {
                received += chunk.readableBytes
                guard received <= maxBytes else { throw Abort(.payloadTooLarge, reason: tooLarge) }
                try parser.execute(chunk)
                if let error = state.error { throw error }
            }
        } catch {
            state.close()
            try? FileManager.default.removeItem(at: directory)
            if error is AbortError { throw error }
            throw Abort(.badRequest, reason: "Le formulaire envoyé est incomplet ou mal formé : recommencez l'envoi.")
        }
        state.close()
        return UploadedForm(fields: state.fields, files: state.files.filter { $0.value.size > 0 }, directory: directory)
    }

    /// What the parser's callbacks build, part after part.
    private final class ParseState: @unchecked Sendable {
        let directory: URL
        let fileFields: Set<String>
        var fields: [String: String] = [:]
        var files: [String: UploadedFile] = [:]
        var error: (any Error)?
        private var name: String?
        private var filename: String?
        private var handle: FileHandle?
        private var path: String?
        private var size = 0
        private var text = Data()

        init(directory: URL, fileFields: Set<String>) {
            self.directory = directory
            self.fileFields = fileFields
        }

        func header(_ field: String, _ value: String) {
            guard field.lowercased() == "content-disposition" else { return }
            name = Self.parameter("name", in: value)
            filename = Self.parameter("filename", in: value)
        }

        func body(_ buffer: inout ByteBuffer) {
            guard let name else { return }
            if fileFields.contains(name), filename != nil {
                do {
                    if handle == nil {
                        let path = directory.appendingPathComponent(UUID().uuidString).path
                        _ = FileManager.default.createFile(atPath: path, contents: nil)
                        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                        self.path = path
                    }
                    let data = Data(buffer.readableBytesView)
                    try handle?.write(contentsOf: data)
                    size += data.count
                } catch {
                    self.error = error
                }
            } else if text.count + buffer.readableBytes <= MultipartUpload.maxFieldBytes {
                text.append(contentsOf: buffer.readableBytesView)
            }
        }

        func complete() {
            if let name {
                if let path, let filename {
                    files[name] = UploadedFile(filename: filename, path: path, size: size)
                } else if filename == nil {
                    fields[name] = String(decoding: text, as: UTF8.self)
                }
            }
            try? handle?.close()
            handle = nil
            name = nil
            filename = nil
            path = nil
            size = 0
            text = Data()
        }

        func close() { try? handle?.close() }

        /// `name="x"` in a Content-Disposition value.
        static func parameter(_ key: String, in value: String) -> String? {
            for part in value.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                guard pair.lowercased().hasPrefix(key + "=") else { continue }
                var raw = pair.dropFirst(key.count + 1)
                if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 { raw = raw.dropFirst().dropLast() }
                return String(raw)
            }
            return nil
        }
    }
}
