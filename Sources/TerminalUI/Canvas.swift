/// How a run of text is drawn: attributes that read without colour, and a colour where the terminal has one.
public struct CellStyle: Sendable, Hashable {
    public enum Color: Sendable, Hashable { case none, green, yellow, red, cyan }
    public var bold = false
    public var reverse = false
    public var dim = false
    public var color: Color = .none

    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, color: Color = .none) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.color = color
    }

    public static let plain = CellStyle()
    public static let bold = CellStyle(bold: true)
    public static let selected = CellStyle(reverse: true)
    public static let dim = CellStyle(dim: true)
}

/// A surface the wizard draws on, measured in terminal cells: the real terminal (ncursesw) or an in-memory grid
/// (tests). Text is clipped at the right edge by cells, so a wide character is never cut in half.
public protocol Canvas {
    var rows: Int { get }
    var columns: Int { get }
    /// Blank the whole surface.
    mutating func clear()
    /// Draws `text` from (row, column), clipped to the surface. Newlines are not interpreted.
    mutating func put(_ text: String, row: Int, column: Int, style: CellStyle)
}

extension Canvas {
    public mutating func put(_ text: String, row: Int, column: Int) {
        put(text, row: row, column: column, style: .plain)
    }
}
