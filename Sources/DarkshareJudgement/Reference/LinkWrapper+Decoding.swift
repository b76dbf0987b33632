extension LinkWrapper {
  /// How the destination is recovered from a wrapped URL: a method of wrappers.md §0 and its
  /// parameters, exactly as the reference's `decode` object gives them.
  ///
  /// ```swift
  /// // Mandrill: base64 of `p` → JSON → the string field `p` is JSON itself → `url`.
  /// Decoding(method: .queryParamBase64JsonNested, parameters: ["p"], jsonPath: ["p", "url"])
  /// ```
  public struct Decoding: Sendable {
    /// The reference's decode methods (wrappers.md §0); ``Unwrapper`` implements each.
    public enum Method: String, Sendable, CaseIterable {
      case queryParam = "query_param"
      case queryParamFirstOf = "query_param_first_of"
      case queryParamBase64 = "query_param_base64"
      case queryParamBase64ThenPercent = "query_param_base64_then_percent"
      case queryParamBase64JsonNested = "query_param_base64_json_nested"
      case queryParamPrefixedBase64url = "query_param_prefixed_base64url"
      case pathSegment = "path_segment"
      case pathSegmentPercentHttps = "path_segment_percent_https"
      case pathTail = "path_tail"
      case pathRegex = "path_regex"
      case pathSegmentBase64 = "path_segment_base64"
      case pathSegmentBase64urlJson = "path_segment_base64url_json"
      case pathSegmentJwtClaim = "path_segment_jwt_claim"
      case pathSegmentZlibQuerystring = "path_segment_zlib_querystring"
      case proofpointV1 = "proofpoint_v1"
      case proofpointV2 = "proofpoint_v2"
      case proofpointV3 = "proofpoint_v3"
      /// The project's own (reference/wrapper-shapes.json): a query of `/`-separated segments,
      /// each a field letter and base64url (Zeta/Boomtrain `click?E…/C…/H…/q…/s…`). The
      /// segment of the first letter in `param` holds `…,…,DESTINATION`; the `q` segment, when
      /// present, holds the destination's `?query`.
      case querySegmentsBase64 = "query_segments_base64"
      /// A query parameter names the destination's host only (Mimecast).
      case domainHintOnly = "domain_hint_only"
      /// The reference's `none`: the destination is known only server-side.
      case opaque = "none"
      /// An opaque short link: only following the redirect reveals the destination.
      case followRedirect = "follow_redirect"
    }

    /// The method.
    public let method: Method
    /// The method's `param`: query keys, a 0-based path segment, or a regex.
    public let parameters: [String]
    /// `json_path`: the keys to follow through JSON (string values holding JSON are parsed).
    public let jsonPath: [String]
    /// `claim`: the JWT payload claim holding the destination (Substack `e`).
    public let claim: String?
    /// `field`: the form field holding the destination (Mailgun `l`).
    public let field: String?
    /// `prefix`: a fixed prefix to strip before decoding (Bing `a1`).
    public let prefix: String?
    /// `regex`: a pattern with named groups over the whole URL (Proofpoint v3 `url`, `enc_bytes`).
    public let regex: String?
    /// `run_length_alphabet`: Proofpoint v3's `**X` length alphabet.
    public let runLengthAlphabet: String?
    /// `run_length_offset`: the length the alphabet's first letter stands for.
    public let runLengthOffset: Int?
    /// A URL template whose `<group1>` the `path_regex` group fills, from a `Rebuild …` sentence
    /// in the wrapper's notes (YouTube's `youtu.be/<id>` carries a video id, not a URL).
    public let rebuild: String?
    /// Further ways the same wrapper writes its destination, tried in order when this one finds
    /// none: real variants the shared reference does not describe (the project's
    /// reference/wrapper-variants.json; GovDelivery's legacy `&&&<n>&&&<URL>` tail).
    public let fallbacks: [Decoding]

    public init(
      method: Method, parameters: [String], jsonPath: [String] = [], claim: String? = nil,
      field: String? = nil, prefix: String? = nil, regex: String? = nil,
      runLengthAlphabet: String? = nil, runLengthOffset: Int? = nil, rebuild: String? = nil,
      fallbacks: [Decoding] = []
    ) {
      self.rebuild = rebuild
      self.fallbacks = fallbacks
      self.method = method
      self.parameters = parameters
      self.jsonPath = jsonPath
      self.claim = claim
      self.field = field
      self.prefix = prefix
      self.regex = regex
      self.runLengthAlphabet = runLengthAlphabet
      self.runLengthOffset = runLengthOffset
    }
  }
}
