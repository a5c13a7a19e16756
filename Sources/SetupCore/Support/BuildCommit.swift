// scripts/release replaces this file in its export of the commit it builds; keep it to this one declaration.
let buildCommit: String? = nil
