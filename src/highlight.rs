//! Code highlighting: syntect syntax and theme sets loaded once; code block → HTML with CSS classes.
