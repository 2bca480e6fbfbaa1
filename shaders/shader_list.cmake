# Every shader variant the engine embeds. Type-generic ops get one variant per tensor type.
hearth_shader(add add.comp)
