"""The pages made from the partnership's own data files, identity.yml, partners.yml and
governance.yml: the brand kit (/brand/), the partner directory (/partners/) and a page per
partner, the governance page (/governance/), and where the brand's and partners' files are
published (``assets``). The data packages (identity, partners, governance) read and check;
this one renders, above the project."""
