/// A key press, as the wizard understands it whatever the terminal sent.
public enum Key: Sendable, Hashable {
    case up, down, left, right, enter, escape, tab, backTab, pageUp, pageDown, home, end, backspace
    case character(Character)
    /// The terminal changed size.
    case resize
}
