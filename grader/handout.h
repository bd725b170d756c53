/* The student tree: the instructor tree with solutions turned into stubs
 * and hidden files and hidden test sections left out. */
#ifndef GRADER_HANDOUT_H
#define GRADER_HANDOUT_H

#include <stdbool.h>

/* Copy root to out.  labs: comma-separated prefixes of labs/ folders
 * ("01,02"), or NULL for every lab with a manifest.  keep_hidden keeps the
 * hidden files and tests (the autograder's tree).  reference_objects: a
 * lab's reference_labs go as the objects its reference_objects command
 * builds, not as source. */
int handout_tree(const char *root, const char *out, const char *labs, bool keep_hidden,
                 bool reference_objects);
/* The sources at the top of labs/REF in root, solutions revealed (no
 * markers), into LAB_DST/reference/REF: what a lab built on REF runs on
 * (lab 04 on the monitors of labs 02 and 03), whether or not the student
 * finished REF.  The handout carries them, and so does each grade's tree. */
int carry_reference(const char *root, const char *ref, const char *lab_dst);
/* Strip the solution blocks of one file into out. */
int strip_solutions(const char *in, const char *out);

#endif
