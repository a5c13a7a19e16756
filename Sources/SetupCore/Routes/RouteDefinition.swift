/// What one route is, in one place: its names, its place in the recommendation, what the node runs with it, what
/// it is planned from, its planner and its proof. Each route is a caseless enum in its own file of this folder;
/// `RouteMethod.definition` is the registry that lists them.
protocol RouteDefinition {
    /// The case it defines; its raw value is the route's name on the command line and in JSON.
    static var method: RouteMethod { get }
    /// The route as the Method screen, plan and check name it.
    static var title: LocalizedText { get }
    /// What `--method` of plan and install says of it ("prebuilt, seconds"); nil for a route with nothing to
    /// install, which --method does not take.
    static var methodHelp: String? { get }
    /// What `verify --method` proves for it ("the flash_attn package"); nil where its name says it.
    static var verifyHelp: String? { get }
    /// Its place in the recommendation, the first tried at 0; nil for a route never recommended for the node's
    /// "Flash Attention 2" (FlashAttention-4 serves other callers, SDPA is the floor).
    static var rank: Int? { get }
    /// What the user then chooses in the node, and what runs.
    static var choice: NodeChoice { get }
    /// What its plan is made from beyond the target's facts, read once for every route that needs it.
    static var needs: Set<UpstreamNeed> { get }
    /// True where it compiles flash-attn: weighed against SDPA by its minutes, and not put in the place of a wheel
    /// source that did not answer.
    static var builds: Bool { get }
    /// What to do where a host its plan needs does not answer.
    static var offline: LocalizedText { get }
    /// Its share of a plan, from the facts, the verdict and what was read; nil for a route with nothing to install.
    static func plan(_ c: PlanContext) -> MethodPlan?
    /// What verify proves after it in this environment; nil where there is nothing to prove (SDPA).
    static func proof(_ env: Environment, catalog: RouteCatalog) -> VerifyRoute?
    /// The route recommended in this one's place where that one can run (pip's compile is the source route's
    /// build with less control); nil where this one stands on its own.
    static func yields(_ route: Route) -> RouteMethod?
}

extension RouteDefinition {
    static var offline: LocalizedText {
        LocalizedText(
            en: "offline, point pip at an index it can reach (PIP_INDEX_URL, a mirror) or at a folder of the packages (PIP_FIND_LINKS).",
            zh: "离线时，请让 pip 使用能访问的索引（PIP_INDEX_URL，镜像）或存放这些软件包的目录（PIP_FIND_LINKS）。")
    }

    static func yields(_ route: Route) -> RouteMethod? { nil }
}

/// What a route's plan is made from beyond the target's facts: the wheel source and the package index, each read
/// once for all the routes that need it.
enum UpstreamNeed: Hashable, Sendable {
    /// The wheel source's listing, resolved for this target: for the release asked for (--flash-attn-version), or,
    /// with `newestWhenUnpinned`, for the newest release, the one pip would fetch.
    case wheelResolution(newestWhenUnpinned: Bool)
    /// The kernels versions the index serves, whether the hub answers, and the transformers that pairs with them.
    case kernelsOnIndex
    /// The flash-attn-4 versions the index serves.
    case flashAttention4OnIndex
}
