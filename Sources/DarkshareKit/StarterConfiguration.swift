/// The commented `.darkshare.yml` that `darkshare init` writes (and `darkshare.example.yml`
/// shows); `ExampleConfigTests` checks that it parses and names every key.
public enum StarterConfiguration {
  public static let text = """
    # darkshare configuration: see the README, section "Configuration".
    # darkshare finds this file in the working directory or any parent; --config FILE overrides.
    version: 1

    # Campaign parameters every link must carry, in the exact case analytics reads them.
    required-parameters: [utm_source, utm_medium, utm_campaign]

    # Sites whose links must be tagged. Empty (the default): every site.
    # "*.shop.example" also matches shop.example itself.
    own-domains: []
    #  - shop.example
    #  - "*.shop.example"

    # Links to other sites: "exclude" leaves them out (status excluded), "report" judges them
    # but reports their findings at info.
    other-domains: exclude

    # URLs to leave alone: globs (* matches anything) or regular expressions after "re:".
    ignore: []
    #  - "https://status.shop.example/*"
    #  - "re:^https://[a-z]+\\\\.internal\\\\.example/"

    # Your own short-link or click-tracking hosts: their destination is unknown offline, like a
    # public shortener's (`--resolve` follows them).
    redirect-hosts: []
    #  - go.shop.example
    #  - "click.*.shop.example"

    # Rule severities: off, info, warning or error (`darkshare rules` lists them).
    rules: {}
    #  insecure-link: error
    #  template-url: off

    # Conventions for campaign values (the value-convention rule).
    conventions:
      lowercase: false
      allowed-values: {}
      #  utm_medium: [email, sms]
      patterns: {}
      #  utm_campaign: "[a-z0-9]+(-[a-z0-9]+)*"

    # The values each channel's links must carry (the channel-mismatch rule).
    channels: {}
    #  email: {utm_medium: email}
    #  sms: {utm_medium: sms}

    # Values suggested (and added by `darkshare fix`) for missing parameters.
    # {stem} is the file name without extension, {file} the file name.
    fix: {}
    #  utm_source: newsletter
    #  utm_medium: email
    #  utm_campaign: "{stem}"

    # What a folder walk reads (globs relative to the folder given; ** is any depth; a glob
    # without / matches a name at any depth). include replaces the choice by extension;
    # exclude leaves files and folders out. --include/--exclude add to these lists.
    include: []
    #  - "emails/**/*.mjml"
    #  - "*.hbs"
    exclude: []
    #  - drafts
    #  - "**/*.generated.html"

    # A folder with nothing to read is an error ("no inputs found under PATH"); true allows it.
    allow-empty: false

    """
}
